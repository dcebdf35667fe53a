from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(SimpleRNN(4, input_shape=(3, 2)))
# TODO: stack a second SimpleRNN(4) on top of the first one.
# Does the first layer give the second one what it needs?
